/**
 * JMH benchmarks of the server's hot path: RTP parse and rewrite, SRTP, and forwarding one publisher packet to many
 * subscribers through the real router. Build and run:
 *
 * <pre>
 * mvn -pl load-tests -am package -DskipTests
 * java -cp load-tests/target/patchbay-load.jar org.openjdk.jmh.Main 'io.patchbay.bench' -prof gc
 * </pre>
 *
 * {@code gc.alloc.rate.norm} is the bytes allocated per operation.
 */
package io.patchbay.bench;
