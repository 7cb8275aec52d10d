"""The desk's pages, one router per job: sign-in, queue, card, notifications."""
