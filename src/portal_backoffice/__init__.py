"""Portal Back Office: matches children from portal submissions to an LA register."""
