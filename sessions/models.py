"""The council's proceedings: terms' session indexes, sessions and their agendas."""
