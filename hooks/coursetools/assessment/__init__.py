"""Self-checks and objective coverage: quiz blocks, exercise objectives, and their HTML.

``quiz`` finds and validates the ```` ```quiz ```` blocks of a lesson, ``objectives`` ties quiz
questions and exercises to the lesson's numbered objectives, ``render`` turns a quiz into the
HTML the student answers, and ``coverage`` makes the instructor guide's coverage table.
"""
