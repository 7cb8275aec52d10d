"""The test suite as a package: `tests/monitor` is then `tests.monitor`, never a second `monitor`
shadowing the project's (which made those tests import whichever checkout was installed)."""
