"""The portal's password rules, beside Django's own validators (see AUTH_PASSWORD_VALIDATORS).

At least `PASSWORD_MIN_LENGTH` characters (Django's MinimumLengthValidator), at most
`PASSWORD_MAX_LENGTH`, and not made of whitespace or one character typed over and over: "          ",
a tab and space mix and "ÅÅÅÅÅÅÅÅÅÅÅÅ" are all refused.
"""

from django.core.exceptions import ValidationError

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128
PASSWORD_HINT = (
    f"At least {PASSWORD_MIN_LENGTH} characters. Three or four unrelated words are strong and easy "
    "to remember. Do not use a password you use anywhere else."
)


class PasswordShapeValidator:
    def __init__(self, max_length: int = PASSWORD_MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Your password must be {self.max_length} characters or fewer.",
                code="password_too_long",
            )
        visible = {ch for ch in password if not ch.isspace()}
        if not visible:
            raise ValidationError("Your password must not be only spaces or tabs.", code="password_blank")
        if len(visible) == 1:
            raise ValidationError(
                "Your password must not be one character repeated.", code="password_one_character"
            )

    def get_help_text(self) -> str:
        return (f"Your password must be {self.max_length} characters or fewer, and not only spaces "
                "or one character repeated.")
