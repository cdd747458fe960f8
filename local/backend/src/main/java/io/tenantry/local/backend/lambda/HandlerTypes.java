package io.tenantry.local.backend.lambda;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * The input and output classes of a {@code RequestHandler<I, O>} implementation, found through its superclasses and
 * interfaces as the Lambda Java runtime finds them (a {@code MicronautRequestHandler<I, O>} subclass binds them in its
 * {@code extends} clause).
 */
final class HandlerTypes {
    private HandlerTypes() {}

    /** {@code [I, O]} of {@code target} for the generic interface {@code generic}, or null if not implemented. */
    static Class<?>[] resolve(Class<?> type, Class<?> generic) {
        return resolve(type, generic, new HashMap<>());
    }

    private static Class<?>[] resolve(Type type, Class<?> generic, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                bindings.put(variables[i], substitute(arguments[i], bindings));
            }
            if (raw == generic) {
                Class<?>[] result = new Class<?>[arguments.length];
                for (int i = 0; i < arguments.length; i++) {
                    result[i] = erase(substitute(arguments[i], bindings));
                }
                return result;
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == generic) {
                // The raw interface: the runtime sees Object for each type argument.
                Class<?>[] result = new Class<?>[raw.getTypeParameters().length];
                java.util.Arrays.fill(result, Object.class);
                return result;
            }
        } else {
            return null;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Class<?>[] found = resolve(parent, generic, new HashMap<>(bindings));
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : resolve(superclass, generic, new HashMap<>(bindings));
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        Type current = type;
        while (current instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
            Type next = bindings.get(variable);
            if (next == current) {
                break;
            }
            current = next;
        }
        return current;
    }

    static Class<?> erase(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return erase(array.getGenericComponentType()).arrayType();
        }
        if (type instanceof TypeVariable<?> variable && variable.getBounds().length > 0) {
            return erase(variable.getBounds()[0]);
        }
        return Object.class;
    }
}
