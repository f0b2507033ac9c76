package dev.svcconnect.config;

import dev.svcconnect.schema.SchemaTree;

/**
 * A record generated from the schema: the fields of one mapping that the schema marks {@value SchemaTree#OPTION},
 * typed, named and documented as the schema describes them. The mapping names the record
 * ({@value SchemaTree#OPTIONS_RECORD}); the hand-written record of the mapping holds it as a component, which
 * {@link Section#bind} fills from the same mapping.
 *
 * <p>Such a field is read as the schema types it, by whatever reads it: the construct that renders it, the topology
 * or report through the record, a rule through its {@link Section}. A value the rules compute, or check through the
 * bound record, or that the stack's own factories set, is a component of the hand-written record instead. So a new
 * field of this kind is the schema entry, the code that reads it and a test: the build generates the record before
 * the main sources compile ({@code schema.OptionsRecordGenerator}, run by pom.xml; its output is under
 * {@code target/generated-sources/options}). docs/architecture.md, "Adding a config field", says which kind a field
 * is.
 *
 * <p>Each generated record has {@code DEFAULTS} (every field at its schema default, or empty) and a
 * {@code with<Field>} method per field, so that code building one (a factory, a test) names only the fields it sets
 * and keeps compiling when a field is added.
 */
public interface OptionsRecord {}
