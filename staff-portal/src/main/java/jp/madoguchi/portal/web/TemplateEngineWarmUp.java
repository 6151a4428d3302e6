package jp.madoguchi.portal.web;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.TemplateEngine;

/**
 * Initialises Thymeleaf's engine at start-up. Left alone it initialises on the first page it renders,
 * on a Netty event loop, and that reads service files from jars (Jackson's module lookup for the
 * JavaScript serializer): the first requests after a start would wait on the disk.
 */
@Component
class TemplateEngineWarmUp implements SmartInitializingSingleton {

    private final ITemplateEngine engine;

    TemplateEngineWarmUp(ITemplateEngine engine) {
        this.engine = engine;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (engine instanceof TemplateEngine initialisable) {
            initialisable.getConfiguration();
        }
    }
}
