"""Immediate reports to the head (p. 25): cases of «повышенная социальная активность».

A surge of messages on one topic in one place, and a socially significant card (critical, or
reported to the head by the curator), each open a case; the head and the curator are told once
per case, and the head acknowledges it (the cards' histories record it).
"""
