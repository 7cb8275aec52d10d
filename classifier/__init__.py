"""Rule-based labelling of Russian social-media text; see classifier/pipeline.py.

The hot-path modules may be compiled at install (setup.py); ``compiled.install`` makes sure an
extension never shadows a source edited since it was built.
"""

from classifier.compiled import install as _install_compiled_guard

_install_compiled_guard()
