"""hcdesk: case-work tool for hate-crime victim liaison staff."""

__version__ = "0.1.0"
