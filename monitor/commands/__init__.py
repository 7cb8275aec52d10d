"""Sub-commands of ``otklik``; each module registers its own."""
