package io.mflow.task.adapter.rest;

import io.mflow.task.app.Page;
import io.mflow.task.app.RequestRefused;
import java.util.List;

record PageBody<T>(List<T> items, int page, int size, long total) {

    static final int MAX_SIZE = 100;

    static <T> PageBody<T> of(Page<T> page) {
        return new PageBody<>(page.items(), page.page(), page.size(), page.total());
    }

    /** Pages count from 0. */
    static void check(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw RequestRefused.invalid("page must be >= 0 and size between 1 and " + MAX_SIZE);
        }
    }
}
