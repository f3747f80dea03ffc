"""``python -m generator``: the ``saraban`` command. Ctrl-C at any moment (even while the command's
modules are still being imported) ends it with the shell's code for an interrupt, 130."""
try:
    from generator.cli import main

    code = main()
except KeyboardInterrupt:
    code = 130
if code == 130:
    # CPython 3.11 marks a KeyboardInterrupt that went through exec() of a string (as dataclasses
    # build their methods, on import) as unhandled even when it is caught, and `python -m` then
    # ends the process by SIGINT instead of with this code. Running a string clears the mark.
    exec("")
raise SystemExit(code)
