"""Search backends behind ``search.directory.find_services``: database and Elasticsearch."""
