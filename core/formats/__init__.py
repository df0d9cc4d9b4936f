"""The site's date and time formats (settings.FORMAT_MODULE_PATH), over Django's."""
