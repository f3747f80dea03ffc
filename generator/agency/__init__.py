"""The sender: ``agency.yaml`` profiles layered down the letters tree (:mod:`.profile`) and the
regulation's salutation table (:mod:`.salutations`)."""
