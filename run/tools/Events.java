import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Prints the JSON-RPC events of a plugin as they arrive, one per line (a tiny ThunderJS stand-in).
 * Run with the JDK's source launcher, no build needed:
 *
 *   java run/tools/Events.java [ws://127.0.0.1:9998/jsonrpc] org.rdk.OCIContainer onContainerStarted onContainerStopped
 *
 * It registers each event with the client id "events", then prints every message it receives until Ctrl-C.
 */
public class Events {

    public static void main(String[] args) throws Exception {
        int first = args.length > 0 && args[0].startsWith("ws") ? 1 : 0;
        String url = first == 1 ? args[0] : "ws://127.0.0.1:9998/jsonrpc";
        if (args.length - first < 2) {
            System.err.println("usage: java run/tools/Events.java [ws-url] <callsign> <event>...");
            System.exit(2);
        }
        String callsign = args[first];
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("notification")
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            System.out.println(partial);
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        closed.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).join();
        int id = 1;
        for (int i = first + 1; i < args.length; i++) {
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"" + callsign + ".1.register\","
                    + "\"params\":{\"event\":\"" + args[i] + "\",\"id\":\"events\"}}", true).join();
        }
        closed.join();
    }
}
