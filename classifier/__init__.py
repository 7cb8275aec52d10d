"""Rule-based labelling of Russian social-media text; see classifier/pipeline.py."""
