"""The notebooks: executed at build time with a dependency-aware cache (``execute``), and their
pages made fit for the site (``html``: loaders out, alt text, search noise out; ``css``: only the
JupyterLab rules a page uses; ``figures``: images as lazily loaded files; ``scripts``: template
scripts as files, for the Content-Security-Policy)."""
