"""saraban: Thai official letters (หนังสือราชการ) from YAML to DOCX and PDF."""

__version__ = "0.1.0"
