"""The documentation site officers read: Markdown generated with Jinja2, built with MkDocs."""
