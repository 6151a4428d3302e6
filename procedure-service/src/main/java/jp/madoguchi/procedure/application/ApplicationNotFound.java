package jp.madoguchi.procedure.application;

/**
 * No application of this town has the id. Also what another town's application looks like: a town
 * cannot even learn that an id exists elsewhere (HTTP 404).
 */
class ApplicationNotFound extends RuntimeException {

    public ApplicationNotFound(String applicationId) {
        super("application " + applicationId + " does not exist in this town");
    }
}
