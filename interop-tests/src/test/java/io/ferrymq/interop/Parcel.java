package io.ferrymq.interop;

import java.io.Serializable;
import java.util.List;

/**
 * An application class carried in an ObjectMessage: the broker must pass its serialized form through untouched
 * (it is not on the broker's class path), and the client deserializes it only because its package is trusted.
 *
 * @param id an identifier
 * @param items some contents
 */
record Parcel(String id, List<String> items) implements Serializable {}
