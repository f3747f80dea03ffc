"""``python -m generator``: the ``saraban`` command. Ctrl-C at any moment (even while the command's
modules are still being imported) ends it with the shell's code for an interrupt, 130."""
try:
    from generator.cli import main

    code = main()
except KeyboardInterrupt:
    code = 130
raise SystemExit(code)
