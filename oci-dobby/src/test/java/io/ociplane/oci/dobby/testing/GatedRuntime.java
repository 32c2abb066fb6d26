package io.ociplane.oci.dobby.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRuntime;

/**
 * A provider that can hang ({@link #runtime()}): its {@code state} blocks while the gate is closed, as a daemon stuck
 * in a call. Everything else, events too, goes to the wrapped provider as it is.
 */
public final class GatedRuntime {

    private final ContainerRuntime inner;
    private final ContainerRuntime runtime;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);

    public GatedRuntime(ContainerRuntime inner) {
        this.inner = inner;
        this.runtime = (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> call(method, args));
    }

    /** The gated provider. */
    public ContainerRuntime runtime() {
        return runtime;
    }

    /** The next state() call blocks until {@link #openGate()}. */
    public void closeGate() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    /** Waits until a call is blocked in the gate. */
    public boolean awaitBlocked(long millis) throws InterruptedException {
        return entered.await(millis, TimeUnit.MILLISECONDS);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        if (method.getName().equals("name")) {
            return "gated-" + inner.name();
        }
        if (method.getName().equals("state")) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerException(ContainerException.Reason.TIMEOUT, "interrupted");
            }
        }
        try {
            return method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
