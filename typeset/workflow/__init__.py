"""Editors' and archivists' commands on top of the pipeline: check, proof, watch, batch."""
