package io.ociplane.jsonrpc.internal.wire;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Reads requests and writes responses and events, compactly, with members in Thunder's order
 * ({@code jsonrpc, id, result|error}; {@code code, message}) and Thunder's string escaping for the profile.
 * Requests are read strictly (docs/wire.md): one JSON value and nothing after it, no member named twice.
 */
public final class JsonCodec {

    /** Thunder's parser text for a request that is not an object (a batch array, a bare value, garbage). */
    public static final String NOT_AN_OBJECT = "Invalid value.\"null\" or \"{\" expected.";
    private static final JsonNode ZERO = IntNode.valueOf(0);
    /** The id R5 answers a request with whose id it could not read. */
    private static final JsonNode NO_ID = NullNode.getInstance();

    private final ObjectMapper mapper;
    private final ObjectReader requestReader;
    private final WireProfile profile;

    public JsonCodec(WireProfile profile) {
        this.profile = profile;
        JsonMapper.Builder builder = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        if (profile != WireProfile.R2) {
            // Thunder R4.4+ escapes '/' and writes every non-ASCII character as an upper-case \\uXXXX escape.
            builder.enable(JsonWriteFeature.ESCAPE_NON_ASCII);
        }
        this.mapper = builder.build();
        if (profile != WireProfile.R2) {
            mapper.getFactory().setCharacterEscapes(new SolidusEscapes());
        }
        // A second object or garbage after the request, or a member given twice, would make the request mean
        // whatever the reader picks; refuse them instead of guessing.
        this.requestReader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** The mapper plugins' params and results are bound with. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public Request readRequest(byte[] body, int length) throws MalformedRequestException {
        JsonNode tree;
        try {
            tree = requestReader.readTree(body, 0, length);
        } catch (JsonProcessingException e) {
            throw unreadable(e, firstSignificant(new String(body, 0, Math.min(length, 64), StandardCharsets.ISO_8859_1)),
                    () -> mapper.getFactory().createParser(body, 0, length));
        } catch (CharConversionException e) {
            // Jackson guesses UTF-16/32 from the first bytes (e.g. leading NULs); bytes not valid in it end here.
            throw new MalformedRequestException(profile.parseError(e.getMessage()), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return toRequest(tree);
    }

    public Request readRequest(String text) throws MalformedRequestException {
        JsonNode tree;
        try {
            tree = requestReader.readTree(text);
        } catch (JsonProcessingException e) {
            throw unreadable(e, firstSignificant(text), () -> mapper.getFactory().createParser(text));
        }
        return toRequest(tree);
    }

    public WireProfile profile() {
        return profile;
    }

    /** Opens a parser over the text being read once more, to find its id. */
    private interface Reread {
        JsonParser open() throws IOException;
    }

    /**
     * Text that is not one JSON object. R5 answers with Thunder's parser failure and the id read before the failure
     * ({@code "Incomplete JSON send"} when the text ended early); R2/R4 with ours (docs/thunder-wire.md#endpoints).
     */
    private MalformedRequestException unreadable(JsonProcessingException e, int first, Reread reread) {
        Scan scan = scan(reread);
        if (profile != WireProfile.R5) {
            return new MalformedRequestException(parseErrorFor(e), null, MalformedRequestException.Kind.UNREADABLE,
                    scan.incomplete());
        }
        String text = scan.incomplete() ? "Incomplete JSON send" : first != '{' ? NOT_AN_OBJECT
                : parseErrorFor(e).message();
        // R5 answers "id":null when it read no id (R2/R4 leave the member out)
        return new MalformedRequestException(profile.parseError(text), scan.id() == null ? NO_ID : scan.id(),
                MalformedRequestException.Kind.UNREADABLE, scan.incomplete());
    }

    /** The first character that is not white space, or -1. */
    private static int firstSignificant(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return -1;
    }

    /**
     * What a text that failed to parse shows up to its failure.
     *
     * @param id a top-level {@code id} with a number or string value read before the failure, or null
     * @param incomplete whether the text ended inside an object (a truncated request) rather than going wrong
     */
    private record Scan(JsonNode id, boolean incomplete) {
    }

    private static Scan scan(Reread reread) {
        JsonNode id = null;
        try (JsonParser p = reread.open()) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                } else if (depth == 1 && id == null && t.isScalarValue() && "id".equals(p.currentName())
                        && (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING)) {
                    id = p.readValueAsTree(); // the node the whole request would have given it
                }
            }
            return new Scan(id, depth > 0);
        } catch (IOException | RuntimeException e) {
            // the failure itself: what was read before it counts; an end inside the text is a truncation
            return new Scan(id, e instanceof JsonEOFException
                    || String.valueOf(e.getMessage()).startsWith("Unexpected end-of-input"));
        }
    }

    private WireError parseErrorFor(JsonProcessingException e) {
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
            // Jackson's text names its own feature switch; say what is wrong with the request instead
            return profile.parseError("a request is one JSON object; something follows it");
        }
        return profile.parseError(e.getOriginalMessage());
    }

    private Request toRequest(JsonNode tree) throws MalformedRequestException {
        if (tree == null || tree.isMissingNode()) {
            throw new MalformedRequestException(profile.parseError(
                    profile == WireProfile.R5 ? "Incomplete JSON send" : "the body is empty"),
                    profile == WireProfile.R5 ? NO_ID : null, MalformedRequestException.Kind.UNREADABLE, true);
        }
        if (!tree.isObject()) {
            if (profile == WireProfile.R5) {
                throw new MalformedRequestException(profile.parseError(NOT_AN_OBJECT), NO_ID);
            }
            throw new MalformedRequestException(profile.invalidRequest(tree.isArray()
                    ? "batch requests are not supported" : "a request must be a JSON object"), null);
        }
        JsonNode id = tree.get("id");
        if (id != null && id.isNull()) {
            id = ZERO; // Thunder keeps ids as numbers: null reads as 0, and the call is answered
        }
        JsonNode method = tree.get("method");
        if (method == null || !method.isTextual() || method.asText().isEmpty()) {
            throw noMethod(tree, id);
        }
        return new Request(id, method.asText(), tree.get("params"));
    }

    /** A request without a method: R2 invalid, R4 an unknown method, R5 a parse failure (docs/thunder-wire.md). */
    private MalformedRequestException noMethod(JsonNode tree, JsonNode id) {
        String reason = "member 'method' must be a non-empty string";
        return switch (profile) {
            case R2 -> new MalformedRequestException(profile.invalidRequest(reason), id,
                    MalformedRequestException.Kind.NOT_A_CALL, false);
            case R4 -> new MalformedRequestException(profile.unknownMethod().withData(reason), id,
                    MalformedRequestException.Kind.NOT_A_CALL, false);
            case R5 -> new MalformedRequestException(profile.map(io.ociplane.jsonrpc.spi.CoreError.PARSE_FAILURE)
                    .withData(reason), id, knowsNoMember(tree) ? MalformedRequestException.Kind.NOTHING
                            : MalformedRequestException.Kind.NOT_A_CALL, false);
        };
    }

    /** Whether none of the members Thunder reads is there ({@code {}} or only unknown ones). */
    private static boolean knowsNoMember(JsonNode tree) {
        return !tree.has("jsonrpc") && !tree.has("id") && !tree.has("method") && !tree.has("params");
    }

    public byte[] result(JsonNode id, Object result) {
        return response(256, id, g -> {
            g.writeFieldName("result");
            mapper.writeValue(g, result);
        });
    }

    public byte[] error(JsonNode id, WireError error) {
        return response(128, id, g -> writeError(g, error));
    }

    /** The request echoed with an {@code error} member, as Thunder R2/R4 refuse a message on a WebSocket. */
    public byte[] errorEcho(Request request, WireError error) {
        return response(256, request.id(), g -> {
            g.writeStringField("method", request.method());
            if (request.params() != null) {
                g.writeFieldName("params");
                g.writeTree(request.params());
            }
            writeError(g, error);
        });
    }

    /** What a response's members after {@code jsonrpc} and {@code id} are. */
    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] response(int sizeHint, JsonNode id, Members members) {
        ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            writeId(g, id);
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A notification {@code {"jsonrpc":"2.0","method":..[,"params":..]}}; params are omitted when null. */
    public String event(String method, Object params) {
        return eventWithParams(method, params == null ? null : paramsText(params));
    }

    /** The JSON text of event params, to write once for every subscriber of an event. */
    public String paramsText(Object params) {
        try {
            return mapper.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event params cannot be written as JSON", e);
        }
    }

    /** A notification with params already written by {@link #paramsText} ({@code null}: none). */
    public String eventWithParams(String method, String paramsText) {
        try {
            StringBuilder sb = new StringBuilder(64).append("{\"jsonrpc\":\"2.0\",\"method\":")
                    .append(mapper.writeValueAsString(method));
            if (paramsText != null) {
                sb.append(",\"params\":").append(paramsText);
            }
            return sb.append('}').toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event name cannot be written as JSON", e);
        }
    }

    private void writeError(JsonGenerator g, WireError error) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeNumberField("code", error.code());
        g.writeStringField("message", error.message());
        if (error.data() != null) {
            g.writeFieldName("data");
            mapper.writeValue(g, error.data());
        }
        g.writeEndObject();
    }

    private static void writeId(JsonGenerator g, JsonNode id) throws IOException {
        if (id != null) {
            g.writeFieldName("id");
            g.writeTree(id);
        }
    }

    /** Escapes '/' as Thunder R4.4+ does ({@code \/}); everything else as Jackson's defaults. */
    private static final class SolidusEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializedString SOLIDUS = new SerializedString("\\/");
        private final int[] codes;

        SolidusEscapes() {
            codes = standardAsciiEscapesForJSON();
            codes['/'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '/' ? SOLIDUS : null;
        }
    }
}
