"""The live room for courses: a server on the facilitator's laptop (the only layer that knows HTTP
and websockets), its store, the pages it serves and the client the window and the bots use."""
