"""The app served by real waitress, built as `flask --app app serve` builds it, in a thread of the test process."""
import threading
from contextlib import contextmanager

from waitress import wasyncore

from serving import make_server


@contextmanager
def served(app, host="127.0.0.1", port=0):
    """Run serving.make_server(app) on host:port (0: a free one) until the block ends; yields the port."""
    server = make_server(app, host, port)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        # Close every socket from the server's own loop thread, so its loop ends cleanly.
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        except OSError:  # the loop has closed its trigger already, and with it every socket
            pass
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
