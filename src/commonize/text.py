"""What counts as plain text in candidate and rule files.

No control characters (C0/C1) and no bidi overrides: they can make a reviewer read a name
or a reason differently from what the tool matched or printed, and a NUL has no place in a
report. One pattern for both kinds of file.
"""

PLAIN_TEXT = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$"
