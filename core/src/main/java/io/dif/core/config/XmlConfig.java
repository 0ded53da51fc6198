package io.dif.core.config;

/**
 * How the XML pages of a dataset are read. Document type declarations are refused: external
 * entities are never resolved and entities never expanded.
 */
public record XmlConfig(
    @ConfigField(description = "Name of the element that holds one record.",
        defaultValue = "row", pattern = "[A-Za-z_][A-Za-z0-9_.:-]*")
    String rowTag,
    @ConfigField(description = "Prefix of the fields read from attributes: <row id=\"1\"> has"
        + " the field _id with the default prefix.", defaultValue = "_",
        pattern = "[A-Za-z0-9_]*")
    String attributePrefix) {}
