"""Run-time files of ewallet-monitor (icons, sounds, desktop integration).

Installed as the package ``ewallet_monitor._resources`` (see ``[tool.setuptools]`` in
pyproject.toml), so ``importlib.resources.files("ewallet_monitor._resources")`` reaches
these files in a source checkout, an editable install, a wheel and the frozen app alike.
Code should go through ``ewallet_monitor.resources`` rather than import this.
"""
