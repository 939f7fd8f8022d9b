package io.upsfleet.web.command;

import io.upsfleet.contracts.CommandArguments;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.List;

/** Checks a {@link CommandBody} with {@link CommandArguments#check}, the one home of the argument ranges. */
public class CommandArgumentsValidator implements ConstraintValidator<ValidCommandArguments, CommandBody> {

    @Override
    public boolean isValid(CommandBody body, ConstraintValidatorContext context) {
        if (body == null || body.command() == null) {
            return true; // @NotNull reports those
        }
        List<CommandArguments.Violation> violations = CommandArguments.check(body.command(), body.testMinutes(),
                body.shutdownMinutes(), body.restoreMinutes());
        if (violations.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (CommandArguments.Violation v : violations) {
            context.buildConstraintViolationWithTemplate(literal(v.message()))
                    .addPropertyNode(v.argument())
                    .addConstraintViolation();
        }
        return false;
    }

    /** The message is final text, not a template: braces and dollars must not be interpolated. */
    private static String literal(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
