package io.drkit.core.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An S3 endpoint that misbehaves the way object storage does on a bad day: a small HTTP/1.1 proxy on
 * loopback in front of a real S3 server that, by a seeded random draw per request, answers {@code 503
 * SlowDown}, cuts the connection in the middle of the response body (or, for a response without a
 * body, after the server acted but before the answer), or delays the answer. It can also drop every
 * request, or stall every response body half-way (for stop tests). Requests are forwarded unchanged
 * (the signature covers the Host header, which stays the proxy's), one upstream connection each.
 */
public final class FaultProxy implements AutoCloseable {

    /**
     * What goes wrong, as shares of requests.
     *
     * @param slowDown answered {@code 503 SlowDown} without reaching the server
     * @param cut the connection reset half-way through the response body (or before a bodiless answer)
     * @param delay answered only after {@code delayFor}
     * @param dropAll every connection closed as soon as a request arrives
     * @param stallBodies every response with a body stops half-way and the connection stays open, silent
     * @param only faults hit only requests whose request line contains this (a key's part, e.g.
     *     {@code /data/}); null: every request
     */
    public record Faults(double slowDown, double cut, double delay, Duration delayFor, boolean dropAll,
            boolean stallBodies, String only) {

        public static final Faults NONE = new Faults(0, 0, 0, Duration.ZERO, false, false, null);

        /** The bad day of issue 15: 10 % 503 SlowDown, 3 % connections reset mid-answer, 5 % answers 300 ms late. */
        public static final Faults BAD_DAY = new Faults(0.10, 0.03, 0.05, Duration.ofMillis(300), false, false, null);

        public static final Faults DROP_ALL = new Faults(0, 0, 0, Duration.ZERO, true, false, null);

        /** Reads of data parts stall half-way: a job is well into its work when it meets the silence. */
        public static final Faults STALL_DATA = new Faults(0, 0, 0, Duration.ZERO, false, true, "/data/");

        public static Faults cutEvery() {
            return new Faults(0, 1.0, 0, Duration.ZERO, false, false, null);
        }
    }

    /**
     * A request as it came: its start line and the headers that carry or announce a checksum
     * ({@code x-amz-checksum-*}, {@code x-amz-sdk-checksum-algorithm}, {@code x-amz-trailer}), names in lower case.
     */
    public record Seen(String startLine, java.util.Map<String, String> checksumHeaders) {}

    /** What the proxy did so far. */
    public record Counts(long requests, long slowDowns, long cuts, long delays, long dropped, long stalled) {}

    private static final boolean TRACE = Boolean.getBoolean("faultproxy.trace");

    private final ServerSocket server;
    private final URI upstream;
    private final Random random;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Faults faults = Faults.NONE;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong slowDowns = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong delays = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());

    private FaultProxy(ServerSocket server, URI upstream, long seed) {
        this.server = server;
        this.upstream = upstream;
        this.random = new Random(seed);
    }

    /** Listens on 127.0.0.1 ({@code port} 0: any free one) in front of {@code upstream}. */
    public static FaultProxy start(URI upstream, int port, long seed) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        FaultProxy proxy = new FaultProxy(server, upstream, seed);
        Thread accept = new Thread(proxy::accept, "fault-proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public FaultProxy use(Faults f) {
        this.faults = f;
        return this;
    }

    /** Every request so far, in the order they came. */
    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public Counts counts() {
        return new Counts(requests.get(), slowDowns.get(), cuts.get(), delays.get(), dropped.get(), stalled.get());
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (open) {
            open.forEach(FaultProxy::closeQuietly);
        }
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                synchronized (open) {
                    open.add(client);
                }
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private enum Fault { NONE, SLOW_DOWN, CUT, DELAY }

    private Fault draw(Faults f) {
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if (r < f.slowDown()) {
            return Fault.SLOW_DOWN;
        }
        if (r < f.slowDown() + f.cut()) {
            return Fault.CUT;
        }
        return r < f.slowDown() + f.cut() + f.delay() ? Fault.DELAY : Fault.NONE;
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                Head request = Head.read(in);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                seen.add(request.seen());
                Faults f = faults.only() == null || request.startLine.contains(faults.only()) ? faults : Faults.NONE;
                if (f.dropAll()) {
                    dropped.incrementAndGet();
                    reset(client);
                    return;
                }
                if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                long t0 = System.nanoTime();
                byte[] body = request.readBody(in, false);
                Fault fault = draw(f);
                if (TRACE) {
                    System.out.printf("%tT.%<tL %s %s body %d read in %d ms%n", new java.util.Date(), fault,
                            request.startLine, body.length, (System.nanoTime() - t0) / 1_000_000);
                }
                if (fault == Fault.SLOW_DOWN) {
                    slowDowns.incrementAndGet();
                    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                            + "<Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: " + xml.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (!request.method.equals("HEAD")) { // an answer to HEAD has no body, whatever its length says
                        out.write(xml);
                    }
                    out.flush();
                    continue;
                }
                Response response = forward(request, body);
                if (fault == Fault.DELAY) {
                    delays.incrementAndGet();
                    if (closed.await(f.delayFor().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
                boolean hasBody = response.body.length > 0 && !request.method.equals("HEAD");
                if (f.stallBodies() && hasBody) {
                    stalled.incrementAndGet();
                    out.write(response.framedHead());
                    out.write(response.body, 0, response.body.length / 2);
                    out.flush();
                    closed.await(); // silent until the test ends, as a stalled server is
                    return;
                }
                if (fault == Fault.CUT) {
                    cuts.incrementAndGet();
                    if (hasBody) {
                        out.write(response.framedHead());
                        // at least a byte: a reader that resumes gets further with every answer
                        out.write(response.body, 0, Math.max(1, response.body.length / 2));
                        out.flush();
                    }
                    reset(client);
                    return;
                }
                out.write(response.framedHead());
                if (!request.method.equals("HEAD")) {
                    out.write(response.body);
                }
                out.flush();
                if ("close".equalsIgnoreCase(request.header("connection"))) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (open) {
                open.remove(client);
            }
        }
    }

    /** The request as it came, to the server, on a connection of its own; its whole answer. */
    private Response forward(Head request, byte[] body) throws IOException {
        try (Socket s = new Socket(upstream.getHost(), upstream.getPort())) {
            s.setSoTimeout(120_000);
            OutputStream up = s.getOutputStream();
            StringBuilder head = new StringBuilder(request.startLine).append("\r\n");
            for (String[] h : request.headers) {
                if (!h[0].equalsIgnoreCase("connection") && !h[0].equalsIgnoreCase("expect")) {
                    head.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(body);
            up.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            Head response;
            do {
                response = Head.read(in);
                if (response == null) {
                    throw new IOException("the S3 server closed the connection without an answer");
                }
            } while (response.startLine.split(" ")[1].startsWith("1"));
            String status = response.startLine.split(" ")[1];
            boolean bodiless = request.method.equals("HEAD") || status.equals("204") || status.equals("304");
            return new Response(response, bodiless ? new byte[0] : response.readBody(in, true), request.method);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // an RST, as a dropped connection looks to the client
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private record Response(Head head, byte[] body, String method) {

        /** The server's head, framed again by length (its body was read whole), keeping the connection. */
        byte[] framedHead() {
            StringBuilder b = new StringBuilder(head.startLine).append("\r\n");
            boolean lengthKept = method.equals("HEAD");
            for (String[] h : head.headers) {
                String name = h[0].toLowerCase(Locale.ROOT);
                if (name.equals("connection") || name.equals("keep-alive") || name.equals("transfer-encoding")
                        || (name.equals("content-length") && !lengthKept)) {
                    continue;
                }
                b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (!lengthKept) {
                b.append("Content-Length: ").append(body.length).append("\r\n");
            }
            return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** The start line and headers of an HTTP/1.1 message. */
    private record Head(String startLine, List<String[]> headers, String method) {

        static Head read(InputStream in) throws IOException {
            String start = line(in);
            while (start != null && start.isEmpty()) {
                start = line(in);
            }
            if (start == null) {
                return null;
            }
            List<String[]> headers = new ArrayList<>();
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
            }
            return new Head(start, headers, start.split(" ")[0]);
        }

        Seen seen() {
            java.util.Map<String, String> checksums = new java.util.TreeMap<>();
            for (String[] h : headers) {
                String name = h[0].toLowerCase(java.util.Locale.ROOT);
                if (name.startsWith("x-amz-checksum") || name.equals("x-amz-sdk-checksum-algorithm")
                        || name.equals("x-amz-trailer")) {
                    checksums.put(name, h[1]);
                }
            }
            return new Seen(startLine, checksums);
        }

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        /**
         * The body as framed by its head; a chunked one is returned as it came (requests, passed on
         * as they are) or de-chunked (responses, framed again by length).
         *
         * @param toEnd without a length or chunks, read to the end of the connection (a response)
         */
        byte[] readBody(InputStream in, boolean toEnd) throws IOException {
            String length = header("content-length");
            if ("chunked".equalsIgnoreCase(header("transfer-encoding"))) {
                return chunked(in, toEnd);
            }
            if (length != null) {
                return in.readNBytes(Integer.parseInt(length));
            }
            return toEnd ? in.readAllBytes() : new byte[0];
        }

        private static byte[] chunked(InputStream in, boolean decode) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                if (sizeLine == null) {
                    throw new IOException("chunked body cut short");
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                byte[] chunk = in.readNBytes(size);
                if (decode) {
                    out.write(chunk);
                } else {
                    out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                }
                if (size == 0) {
                    // trailers, up to the empty line
                    for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                        if (!decode) {
                            out.write((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        }
                    }
                    if (!decode) {
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    return out.toByteArray();
                }
                line(in); // the CRLF after the chunk
                if (!decode) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A fault proxy for manual runs: {@code FaultProxy PORT UPSTREAM SEED SLOWDOWN CUT DELAY [drop|stall]},
     * e.g. {@code 19400 http://127.0.0.1:19321 1 0.10 0.03 0.05}; runs until killed.
     */
    public static void main(String[] args) throws Exception {
        FaultProxy proxy = start(URI.create(args[1]), Integer.parseInt(args[0]), Long.parseLong(args[2]));
        String mode = args.length > 6 ? args[6] : "";
        proxy.use(new Faults(Double.parseDouble(args[3]), Double.parseDouble(args[4]), Double.parseDouble(args[5]),
                Duration.ofMillis(300), mode.equals("drop"), mode.equals("stall"), null));
        System.out.println("fault proxy listening on " + proxy.endpoint() + " in front of " + args[1]);
        new CountDownLatch(1).await();
    }
}
