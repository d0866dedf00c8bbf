package io.patchbay.load.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Keeps report JSON valid and its "no value" readable: NaN and the infinities are written as {@code null}, and a
 * {@code null} (or missing) number is read back as NaN. Without it Jackson writes the string "NaN" and reads a
 * {@code null} into a primitive double as 0.0, which would turn "not measured" into "zero".
 * Sentinels such as -1 ("unknown" heap or GC) are ordinary numbers and pass unchanged.
 */
final class NonFiniteAsNullModule extends SimpleModule {

    NonFiniteAsNullModule() {
        super("NonFiniteAsNull");
        addSerializer(Double.class, new NonFiniteAsNull());
        addSerializer(Double.TYPE, new NonFiniteAsNull());
        addDeserializer(Double.class, new NullAsNaN());
        addDeserializer(Double.TYPE, new NullAsNaN());
    }

    /** Writes a double, or null when it is not finite. */
    private static final class NonFiniteAsNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider serializers) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }
    }

    /** Reads a number as a double; null reads as NaN. */
    private static final class NullAsNaN extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser in, DeserializationContext context) throws IOException {
            return in.getValueAsDouble(Double.NaN);
        }

        @Override
        public Double getNullValue(DeserializationContext context) {
            return Double.NaN;
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return Double.NaN;
        }
    }
}
