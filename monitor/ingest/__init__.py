"""From a source to a card: polling, the pipeline, labelling and relevance, repeats, card intake."""
