"""Temporal expressions in clinical notes, normalised to ISO 8601 against the note's date.

``extract_temporal`` finds dates, times, durations and frequencies (TimeML DATE, TIME,
DURATION, SET); ``find_anchor_dates`` finds the admission, operation, discharge and birth
dates that hospital days, post-operative days and "prior to admission" count from.

Each module proposes readings of one kind, ``extract`` keeps the longest where they
overlap: ``absolute`` (03/14/2025, March 2024, 2015), ``relative`` (yesterday, 3 days ago,
last week, 5 days PTA), ``course_days`` (HD#3, POD 2, DOL 9, C3D1), ``times`` (0630,
3 pm), ``durations`` (x 3 days), ``frequencies`` (BID, q6h), ``anchors``; ``context``,
``calendar_math`` and ``quantities`` hold what they share.
"""

from tools.temporal.anchors import Anchors, find_anchor_dates
from tools.temporal.extract import extract_temporal

__all__ = ["Anchors", "extract_temporal", "find_anchor_dates"]
