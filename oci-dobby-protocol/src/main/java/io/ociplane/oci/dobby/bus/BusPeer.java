package io.ociplane.oci.dobby.bus;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.freedesktop.dbus.connections.transports.AbstractTransport;
import org.freedesktop.dbus.connections.transports.TransportBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.Error;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MessageFactory;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.messages.MethodReturn;
import org.freedesktop.dbus.types.UInt32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare bus connection: messages in and out as they are, without dbus-java's object layer (which would answer a
 * call of an unexpected signature with UnknownMethod itself, where Dobby answers with a failure value). One reader
 * thread hands every message that is not a reply to this peer's own calls to the inbox, in arrival order.
 */
public final class BusPeer implements AutoCloseable {

    /** Receives what arrives on the connection, on the reader thread. */
    public interface Inbox {
        void message(BusPeer peer, Message message);

        /** The connection broke (not called after {@link #close()}). */
        void closed(BusPeer peer, Exception cause);
    }

    /** No reply came in time. */
    public static final class ReplyTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        ReplyTimeout(String message) {
            super(message);
        }
    }

    public static final int DO_NOT_QUEUE = 4;
    public static final int PRIMARY_OWNER = 1;
    private static final String BUS = "org.freedesktop.DBus";
    private static final String BUS_PATH = "/org/freedesktop/DBus";
    private static final long BUS_CALL_TIMEOUT_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(BusPeer.class);

    private final AbstractTransport transport;
    private final Inbox inbox;
    private final Object writeLock = new Object();
    private final Map<Long, CompletableFuture<Message>> replies = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile String uniqueName;

    private BusPeer(AbstractTransport transport, Inbox inbox, String threadName) {
        this.transport = transport;
        this.inbox = inbox;
        this.reader = new Thread(this::readLoop, threadName);
        this.reader.setDaemon(true);
    }

    /** Connects (one attempt), starts the reader and says Hello. */
    public static BusPeer open(String address, Inbox inbox, String threadName) throws IOException {
        BusAddresses.check(address);
        AbstractTransport transport;
        try {
            // a timeout below one second makes the transport try once; callers do their own backoff
            transport = TransportBuilder.create(address).configure().withAutoConnect(true).withTimeout(500).back()
                    .build();
        } catch (DBusException e) {
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        BusPeer peer = new BusPeer(transport, inbox, threadName);
        peer.reader.start();
        try {
            peer.uniqueName = (String) body(peer.callBus("Hello", null))[0];
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    public String uniqueName() {
        return uniqueName;
    }

    public MessageFactory factory() {
        return transport.getMessageFactory();
    }

    public boolean isOpen() {
        return !closed;
    }

    public void send(Message message) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("connection closed");
            }
            transport.writeMessage(message);
        }
    }

    /** Sends a call and waits for its reply (a MethodReturn or an Error). */
    public Message call(MethodCall call, long timeoutMillis) throws IOException {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        replies.put(call.getSerial(), reply);
        try {
            send(call);
            return reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ReplyTimeout("no reply to " + call.getName() + " within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new IOException("connection lost while waiting for " + call.getName(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + call.getName(), e);
        } finally {
            replies.remove(call.getSerial());
        }
    }

    /** Calls the bus itself; an error reply becomes an IOException. */
    public Message callBus(String member, String signature, Object... args) throws IOException {
        Message reply = call(methodCall(BUS, BUS_PATH, BUS, member, signature, args), BUS_CALL_TIMEOUT_MILLIS);
        if (reply instanceof Error error) {
            throw new IOException(member + " failed: " + error.getName() + " " + describe(error));
        }
        return reply;
    }

    /** RequestName with DO_NOT_QUEUE; true when this connection became the primary owner. */
    public boolean requestName(String name) throws IOException {
        Object reply = body(callBus("RequestName", "su", name, new UInt32(DO_NOT_QUEUE)))[0];
        return ((Number) reply).intValue() == PRIMARY_OWNER;
    }

    public MethodCall methodCall(String destination, String path, String iface, String member, String signature,
            Object... args) throws IOException {
        try {
            return factory().createMethodCall(destination, path, iface, member, (byte) 0, signature, args);
        } catch (DBusException e) {
            throw new IOException("cannot build " + member + " call: " + e.getMessage(), e);
        }
    }

    /** The arguments of a message; empty when it has no body. */
    public static Object[] body(Message message) throws IOException {
        try {
            Object[] args = message.getParameters();
            return args == null ? new Object[0] : args;
        } catch (DBusException e) {
            throw new IOException("cannot read " + message.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The text of an error reply. */
    public static String describe(Error error) {
        try {
            Object[] args = error.getParameters();
            return args != null && args.length > 0 ? String.valueOf(args[0]) : "";
        } catch (DBusException e) {
            return "";
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                Message message = transport.readMessage();
                if (message == null) {
                    continue; // a partial read; the rest follows
                }
                if (message instanceof MethodReturn || message instanceof Error) {
                    CompletableFuture<Message> waiting = replies.remove(message.getReplySerial());
                    if (waiting != null) {
                        waiting.complete(message);
                        continue;
                    }
                }
                deliver(message);
            }
        } catch (IOException | DBusException | RuntimeException e) {
            boolean unexpected = !closed;
            shutDown(e);
            if (unexpected) {
                inbox.closed(this, e);
            }
        }
    }

    private void deliver(Message message) {
        try {
            inbox.message(this, message);
        } catch (RuntimeException e) {
            LOG.warn("handling {} {} failed", message.getInterface(), message.getName(), e);
        }
    }

    private void shutDown(Exception cause) {
        closed = true;
        try {
            transport.close(); // not under the write lock: closing is what unblocks a stuck writer
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the transport failed", e);
        }
        replies.values().forEach(r -> r.completeExceptionally(cause));
        replies.clear();
    }

    @Override
    public void close() {
        if (closed && !reader.isAlive()) {
            return;
        }
        shutDown(new IOException("connection closed"));
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
