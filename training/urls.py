from django.urls import path

from .views import learner

urlpatterns = [
    path("my/", learner.dashboard, name="training_dashboard"),
    path("certificates/<str:number>/pdf/", learner.certificate_pdf_view, name="training_certificate_pdf"),
    path("verify/", learner.verify, name="training_verify"),
    path("verify/<str:number>/", learner.verify, name="training_verify_number"),
]
