"""Convert and finish: DOCX → PDF through an engine (:mod:`.engines`), then the fonts checked
(:mod:`.fonts`: no silent fallback), the metadata written (:mod:`.finish`) and the file put in its
reproducible form (:mod:`.canonical`)."""
