package io.vectorlake.catalog.expr;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * How deeply a parse tree nests, measured without recursion. A chain of one logical operator
 * ({@code a and b and c ...}) counts as one level, since it is bound as one flat list; any other
 * chain ({@code 1 + 1 + ...}, {@code a == b == ...}) counts one level per operator, as binding it
 * recurses once per operator.
 */
final class SyntaxDepth {
  private SyntaxDepth() {}

  private record Visit(Syntax node, int depth) {}

  /** The deepest node's level (a leaf alone is 1); throws past {@code limit}. */
  static int check(String text, Syntax root, int limit) {
    Deque<Visit> pending = new ArrayDeque<>();
    pending.push(new Visit(root, 1));
    int deepest = 0;
    while (!pending.isEmpty()) {
      Visit visit = pending.pop();
      if (visit.depth() > limit) {
        throw new ExpressionException(text, visit.node().position(),
            "expression nests deeper than " + limit + " levels (operators chained or nested);"
                + " split it, or use 'in [...]' for many values of one field");
      }
      deepest = Math.max(deepest, visit.depth());
      for (Syntax child : children(visit.node())) {
        boolean sameChain = visit.node() instanceof Syntax.Binary parent
            && child instanceof Syntax.Binary b
            && b.op().equals(parent.op())
            && (b.op().equals("and") || b.op().equals("or"));
        pending.push(new Visit(child, sameChain ? visit.depth() : visit.depth() + 1));
      }
    }
    return deepest;
  }

  private static List<Syntax> children(Syntax node) {
    if (node instanceof Syntax.ListLiteral l) {
      return l.items();
    } else if (node instanceof Syntax.Call c) {
      return c.args();
    } else if (node instanceof Syntax.Unary u) {
      return List.of(u.operand());
    } else if (node instanceof Syntax.Binary b) {
      return List.of(b.left(), b.right());
    } else if (node instanceof Syntax.Range r) {
      return List.of(r.lower(), r.field(), r.upper());
    } else if (node instanceof Syntax.In in) {
      return List.of(in.value(), in.list());
    } else if (node instanceof Syntax.Like like) {
      return List.of(like.value());
    } else if (node instanceof Syntax.IsNull isNull) {
      return List.of(isNull.field());
    }
    return List.of();
  }
}
