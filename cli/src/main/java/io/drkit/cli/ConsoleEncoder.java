package io.drkit.cli;

import java.nio.charset.Charset;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console's log encoder: Spring Boot's structured logging (one JSON document per line) when
 * {@code logging.structured.format.console} names a format ({@code ecs}, {@code logstash}, {@code gelf}),
 * the plain pattern otherwise. logback-spring.xml cannot choose between two encoders on a property
 * without Janino; this class does.
 */
public class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

    private String format = "";
    private String pattern = "%msg%n";
    private Charset charset = Charset.defaultCharset();
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format == null ? "" : format.strip();
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (!format.isEmpty()) {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setFormat(format);
            structured.setCharset(charset);
            delegate = structured;
        } else {
            PatternLayoutEncoder plain = new PatternLayoutEncoder();
            plain.setPattern(pattern);
            plain.setCharset(charset);
            delegate = plain;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
