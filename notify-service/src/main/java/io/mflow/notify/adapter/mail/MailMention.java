package io.mflow.notify.adapter.mail;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.NoticeText;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.time.Duration;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * A personal message by e-mail, to the address task-service knows for the mentioned user (sealed in the plan), over
 * SMTP as Spring Boot's {@code spring.mail.*} settings say. The mail server's acceptance is the delivery; a refused
 * login or a server that cannot be reached is tried again, an address it cannot parse is not. Another channel (an IM
 * direct message) would implement {@link Channel} for the same subscriptions.
 */
public class MailMention implements Channel {

    private final JavaMailSender mail;
    private final SealedValues sealed;
    private final String from;

    public MailMention(JavaMailSender mail, SealedValues sealed, String from) {
        this.mail = mail;
        this.sealed = sealed;
        this.from = from;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        String sealedAddress = subscriber.sealedContacts().get(subscription.user());
        if (sealedAddress == null) {
            return DeliveryResult.refused(subscription.user() + " has no e-mail address in mflow");
        }
        NoticeText text = NoticeText.of(delivery.notice());
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(sealed.open(sealedAddress, SealedPlace.emailAddress(subscription.user())));
        message.setSubject("[mflow] " + text.title());
        message.setText(text.plain() + "\n");
        long start = System.nanoTime();
        try {
            mail.send(message);
            return DeliveryResult.sent(millisSince(start));
        } catch (MailParseException e) {
            return DeliveryResult.refused("the message could not be built: " + e.getClass().getSimpleName());
        } catch (MailAuthenticationException e) {
            return DeliveryResult.failed("the mail server refused the login", millisSince(start));
        } catch (MailException e) {
            // the message may quote the address; the class says enough
            return DeliveryResult.failed("the mail server could not take it: " + e.getClass().getSimpleName(),
                    millisSince(start));
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
