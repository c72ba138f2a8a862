package io.tradingcore.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.Topic;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The build's check of every topic's schema against its released versions: compatible under the
 * subject's mode, and recorded (the latest released version is this build's schema).
 */
class ReleasedSchemasTest {
  private final SchemaHistory history = SchemaHistory.onClasspath();

  @ParameterizedTest
  @EnumSource(Topic.class)
  void everySchemaIsCompatibleWithEveryReleasedVersionAndIsReleased(Topic topic) {
    String subject = topic.valueSubject();
    List<Schema> released = history.versions(subject);

    assertThat(released).as("%s has released versions", subject).isNotEmpty();
    assertThat(history.problemsOf(topic))
        .as(
            "%s against its %d released versions (%s)",
            subject, released.size(), history.modeOf(subject))
        .isEmpty();
    assertThat(released.get(released.size() - 1).toString())
        .as(
            "%s changed since its version %d; it is compatible: record it with"
                + " bin/trading-core schemas-release and commit the new file",
            subject, released.size())
        .isEqualTo(topic.valueSchema().toString());
  }
}
