package io.drkit.workers;

import org.springframework.batch.integration.partition.StepExecutionRequest;

import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link StepExecutionRequest} as it travels through the broker: JSON rather than Java
 * serialization, so a worker never deserializes objects a broker user could have put in the queue.
 */
record PartRequest(String stepName, long stepExecutionId) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PartRequest of(StepExecutionRequest request) {
        return new PartRequest(request.getStepName(), request.getStepExecutionId());
    }

    StepExecutionRequest request() {
        return new StepExecutionRequest(stepName, stepExecutionId);
    }

    String json() {
        return JSON.writeValueAsString(this);
    }

    static PartRequest parse(byte[] body) {
        return JSON.readValue(body, PartRequest.class);
    }
}
