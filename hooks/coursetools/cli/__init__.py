"""Console scripts without a package of their own: ``course-check`` (``check``) and
``course-new-lesson`` (``new_lesson``). Each module has ``main(argv) -> int``."""
