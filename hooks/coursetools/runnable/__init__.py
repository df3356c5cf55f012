"""Notebooks students can run: a zip per notebook, launch links, hidden solutions.

- :mod:`.archive`: which files a notebook reads and the ``NAME.zip`` that holds them;
- :mod:`.links`: the repository address from the config and the Colab and Binder links built
  from it (links only: the site requests nothing from those services);
- :mod:`.blocks`: the "run this notebook" block drawn on notebook pages and on the lessons that
  link a notebook;
- :mod:`.solutions`: folds each solution cell of a rendered notebook into a closed ``<details>``;
- :mod:`.exercises`: the exercise/check/solution cell pattern every notebook must follow;
- :mod:`.hooks`: the state the MkDocs adapter keeps between events.

Plain Python: nothing here imports MkDocs.
"""
