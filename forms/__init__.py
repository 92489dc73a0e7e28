"""WTForms forms: the questionnaire sections (built from the questionnaire file) and the login form."""
