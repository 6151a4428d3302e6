package jp.madoguchi.procedure.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.platform.flow.Branch;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;

/**
 * The routes between a procedure's steps, checked before it is published: every next and branch names a step,
 * there is a submit step, every step can be reached from the first, and no loop keeps a resident from the end.
 */
final class RouteChecks {

    private RouteChecks() {
    }

    static void check(FlowDefinition flow, Map<String, Step> byId, List<FlowProblem> problems) {
        boolean hasSubmit = false;
        for (Step step : byId.values()) {
            if (step instanceof Step.Submit) {
                hasSubmit = true;
                continue;
            }
            if (step.next() == null || step.next().isBlank()) {
                problems.add(FlowChecks.at(step, "次のステップ(next)がありません。次に進むステップを指定してください。"));
            } else if (!byId.containsKey(step.next())) {
                problems.add(FlowChecks.at(step, "次のステップ「" + step.next() + "」がありません。あるステップのIDを指定してください。"));
            }
            for (Branch branch : step.branches()) {
                if (!byId.containsKey(branch.goTo())) {
                    problems.add(FlowChecks.at(step, "回答「" + branch.whenAnswer() + "」の分岐先「" + branch.goTo() + "」がありません。あるステップのIDを指定してください。"));
                }
            }
        }
        if (!hasSubmit) {
            problems.add(new FlowProblem(null, "申し込みを終えるステップ(submit)がありません。最後に submit のステップを追加してください。"));
        }
        if (flow.firstStepId() == null || !byId.containsKey(flow.firstStepId())) {
            problems.add(new FlowProblem(null, "最初のステップ「" + flow.firstStepId() + "」がありません。最初に表示するステップのIDを指定してください。"));
            return;
        }
        Set<String> reachable = reachableFrom(flow.firstStepId(), byId);
        for (Step step : byId.values()) {
            if (!reachable.contains(step.id())) {
                problems.add(FlowChecks.at(step, "どのステップからもたどり着けません。ほかのステップの next か分岐先にするか、削除してください。"));
            }
        }
        if (hasSubmit) {
            checkLoops(byId, reachable, problems);
        }
    }

    /**
     * A loop is fine while some step on it leads on towards a submit step (e.g. 「ほかにもありますか」).
     * Reported: each group of reachable steps that lead only to each other and never to the end.
     */
    private static void checkLoops(Map<String, Step> byId, Set<String> reachable, List<FlowProblem> problems) {
        Map<String, Set<String>> predecessors = new HashMap<>();
        for (Step step : byId.values()) {
            for (String target : targets(step)) {
                predecessors.computeIfAbsent(target, k -> new HashSet<>()).add(step.id());
            }
        }
        Set<String> reachesEnd = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        byId.values().stream().filter(s -> s instanceof Step.Submit).forEach(s -> {
            reachesEnd.add(s.id());
            queue.add(s.id());
        });
        while (!queue.isEmpty()) {
            for (String before : predecessors.getOrDefault(queue.poll(), Set.of())) {
                if (reachesEnd.add(before)) {
                    queue.add(before);
                }
            }
        }
        Set<String> reported = new HashSet<>();
        for (Step step : byId.values()) {
            String id = step.id();
            if (!reachable.contains(id) || reachesEnd.contains(id) || reported.contains(id)) {
                continue;
            }
            Set<String> ahead = new HashSet<>();
            for (String target : targets(step)) {
                if (byId.containsKey(target)) {
                    ahead.addAll(reachableFrom(target, byId));
                }
            }
            if (!ahead.contains(id)) {
                continue; // not on a loop: it is stuck because of a missing next, reported above
            }
            List<String> loop = new ArrayList<>();
            for (String other : byId.keySet()) {
                if (ahead.contains(other) && reachableFrom(other, byId).contains(id)) {
                    loop.add(other);
                }
            }
            reported.addAll(loop);
            problems.add(FlowChecks.at(step, "「" + String.join("」→「", loop) + "」がループになっていて、申し込みの完了(submit)に進めません。"
                    + "ループの外へ進む分岐か next を作ってください。"));
        }
    }

    private static Set<String> reachableFrom(String start, Map<String, Step> byId) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String id = queue.poll();
            Step step = byId.get(id);
            if (step == null || !seen.add(id)) {
                continue;
            }
            queue.addAll(targets(step));
        }
        return seen;
    }

    private static List<String> targets(Step step) {
        List<String> targets = new ArrayList<>();
        if (step.next() != null) {
            targets.add(step.next());
        }
        step.branches().forEach(b -> targets.add(b.goTo()));
        return targets;
    }
}
