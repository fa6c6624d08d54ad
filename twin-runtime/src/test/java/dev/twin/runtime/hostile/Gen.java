package dev.twin.runtime.hostile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** A generator of test values from a seeded {@link RandomGenerator}, with a few combinators. */
@FunctionalInterface
interface Gen<T> {

    T next(RandomGenerator random);

    default <U> Gen<U> map(Function<? super T, ? extends U> f) {
        return r -> f.apply(next(r));
    }

    /** Lists of 0 to {@code maxSize} values. */
    default Gen<List<T>> list(int maxSize) {
        return r -> {
            int n = r.nextInt(maxSize + 1);
            List<T> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(next(r));
            }
            return values;
        };
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> copy = Arrays.asList(values.clone()); // may hold null, unlike List.of
        return r -> copy.get(r.nextInt(copy.size()));
    }

    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    static <T> Gen<T> just(T value) {
        return r -> value;
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = List.of(gens);
        return r -> copy.get(r.nextInt(copy.size())).next(r);
    }

    /** A choice for {@link #frequencyOf}: {@code gen}, picked {@code weight} times in the sum. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {}

    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    @SafeVarargs
    static <T> Gen<T> frequencyOf(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> copy = List.of(choices);
        int total = copy.stream().mapToInt(Weighted::weight).sum();
        return r -> {
            int pick = r.nextInt(total);
            for (Weighted<? extends T> w : copy) {
                pick -= w.weight();
                if (pick < 0) {
                    return w.gen().next(r);
                }
            }
            throw new AssertionError("unreachable");
        };
    }

    /** Whole numbers from {@code min} to {@code max}, both included. */
    static Gen<Integer> integers(int min, int max) {
        return r -> r.nextInt(min, max + 1);
    }

    /** Any UTF-16 unit, lone surrogates and control characters included. */
    static Gen<Character> anyChar() {
        return r -> (char) r.nextInt(Character.MAX_VALUE + 1);
    }

    static Gen<Character> asciiChar() {
        return r -> (char) r.nextInt(128);
    }

    static Gen<Character> chars(String set) {
        return r -> set.charAt(r.nextInt(set.length()));
    }

    /**
     * Strings of {@code min} to {@code max} characters; the shortest and the longest come up more
     * often than chance (the edge cases a limit check gets wrong).
     */
    static Gen<String> strings(Gen<Character> chars, int min, int max) {
        return r -> {
            int edge = r.nextInt(8);
            int n = edge == 0 ? min : edge == 1 ? max : r.nextInt(min, max + 1);
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append(chars.next(r).charValue());
            }
            return b.toString();
        };
    }

    /** Arrays of 0 to {@code maxSize} arbitrary bytes. */
    static Gen<byte[]> bytes(int maxSize) {
        return r -> {
            byte[] b = new byte[r.nextInt(maxSize + 1)];
            r.nextBytes(b);
            return b;
        };
    }

    static <A, B> Combined2<A, B> combine(Gen<A> a, Gen<B> b) {
        return new Combined2<>(a, b);
    }

    static <A, B, C> Combined3<A, B, C> combine(Gen<A> a, Gen<B> b, Gen<C> c) {
        return new Combined3<>(a, b, c);
    }

    static <A, B, C, D> Combined4<A, B, C, D> combine(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d) {
        return new Combined4<>(a, b, c, d);
    }

    static <A, B, C, D, E> Combined5<A, B, C, D, E> combine(
            Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e) {
        return new Combined5<>(a, b, c, d, e);
    }

    /** Two generators drawn in order, then joined. */
    record Combined2<A, B>(Gen<A> a, Gen<B> b) {
        <R> Gen<R> as(BiFunction<? super A, ? super B, ? extends R> f) {
            return r -> f.apply(a.next(r), b.next(r));
        }
    }

    /** Three generators drawn in order, then joined. */
    record Combined3<A, B, C>(Gen<A> a, Gen<B> b, Gen<C> c) {
        interface Fn<A, B, C, R> {
            R apply(A a, B b, C c);
        }

        <R> Gen<R> as(Fn<? super A, ? super B, ? super C, ? extends R> f) {
            return r -> f.apply(a.next(r), b.next(r), c.next(r));
        }
    }

    /** Four generators drawn in order, then joined. */
    record Combined4<A, B, C, D>(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d) {
        interface Fn<A, B, C, D, R> {
            R apply(A a, B b, C c, D d);
        }

        <R> Gen<R> as(Fn<? super A, ? super B, ? super C, ? super D, ? extends R> f) {
            return r -> f.apply(a.next(r), b.next(r), c.next(r), d.next(r));
        }
    }

    /** Five generators drawn in order, then joined. */
    record Combined5<A, B, C, D, E>(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e) {
        interface Fn<A, B, C, D, E, R> {
            R apply(A a, B b, C c, D d, E e);
        }

        <R> Gen<R> as(Fn<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> f) {
            return r -> f.apply(a.next(r), b.next(r), c.next(r), d.next(r), e.next(r));
        }
    }
}
