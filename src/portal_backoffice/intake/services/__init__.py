"""Services that change incoming files and students, each in one transaction."""
