/**
 * The canonical address syntax: words separated by {@code .}, the wildcards {@code *} (exactly one word) and
 * {@code #} (any number of words, including none), and fully qualified queue names {@code address::queue}.
 *
 * <p>One rule comes from MQTT (MQTT 3.1.1 §4.7.2, 5.0 §4.7.2) and applies to every protocol: a wildcard in the
 * first position does not match a first word that begins with {@code $}, so system addresses stay out of
 * {@code #} subscriptions. The rule is about subscriptions only: address-settings and permission patterns match
 * {@code $} addresses like any other.
 */
package io.ferrymq.addressing.address;
