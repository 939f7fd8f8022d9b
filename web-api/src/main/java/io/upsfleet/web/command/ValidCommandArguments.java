package io.upsfleet.web.command;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The arguments of a {@link CommandBody} are the ones its command takes, within the ranges the Megatec
 * protocol can express ({@link io.upsfleet.contracts.CommandArguments}); each broken rule is reported on
 * the argument it concerns.
 */
@Documented
@Constraint(validatedBy = CommandArgumentsValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidCommandArguments {

    String message() default "the arguments do not suit the command";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
